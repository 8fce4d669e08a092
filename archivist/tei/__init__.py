"""The TEI master: model, writer, reader and schema."""

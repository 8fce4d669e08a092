"""Reading seeds: the seed text format → the master model (parse, align, link entities, flag)."""

"""Depositing: stage → render → bag → rename, batches, clusters, and verifying bags."""

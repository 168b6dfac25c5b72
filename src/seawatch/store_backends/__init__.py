"""Backends of the incident store other than its embedded SQLite file (see `seawatch.store`)."""

"""The upload pipeline beyond reading: presets of the public datasets, their vocabularies,
column roles decided by content, and the region check.

Reading stays in `seawatch.io`, header names in `seawatch.columns`, row checks in
`seawatch.validation`; the modules here feed them.
"""

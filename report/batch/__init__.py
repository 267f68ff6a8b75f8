"""Checking many published reports at once: sources (files, folders, zips), the parallel check with year pairing,
result rows and the .xlsx/.csv/.json files a checker hands back."""

"""The report domain: format as data, facts, validator, parser, exporters, draft store. No LLM here."""

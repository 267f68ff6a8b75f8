"""The validator's rules: table checks, practice checks, text checks; the registry lists them (rules.registry)."""

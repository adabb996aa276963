"""Rule sets: the YAML format, loading, validation, registry and rule tests."""

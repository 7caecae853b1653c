"""Questions in and out of the bank as files: GIFT and Aiken (Moodle's formats), the ordering YAML."""

"""Chain-gap diagnosis: local supporting rate, completeness, gap classes and fill values."""

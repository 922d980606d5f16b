"""Processing provider and algorithms of planmaint; the pure geometry lives in ``algorithms.core``."""

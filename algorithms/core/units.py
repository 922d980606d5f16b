"""Area units of Chinese land administration, as one table.

1 公顷 (ha) = 10 000 m² = 15 亩, so 1 亩 = 10 000 / 15 m² (666.67 m² when rounded); 1 万亩 = 10 000 亩;
1 km² = 100 ha = 1 500 亩. Every conversion in planmaint goes through this table so that a report never
mixes a rounded 666.67 with the exact ratio.
"""

M2_PER_UNIT = {
    "m2": 1.0,
    "mu": 10000.0 / 15.0,  # 亩
    "ha": 10000.0,  # 公顷
    "wan_mu": 10000.0 * 10000.0 / 15.0,  # 万亩
    "km2": 1_000_000.0,  # 平方公里
}

M2_PER_MU = M2_PER_UNIT["mu"]  # one 亩 in m², for code that counts in 亩 (thresholds of 3, 5, 15 亩)

# How each unit is written in the seed's tables.
UNIT_LABELS = {
    "m2": ("m²", "平方米"),
    "mu": ("mu", "亩"),
    "ha": ("ha", "公顷"),
    "wan_mu": ("10k mu", "万亩"),
    "km2": ("km²", "平方公里"),
}


def convert(value, from_unit, to_unit):
    """Convert an area (number or numpy array) between two units of ``M2_PER_UNIT``."""
    try:
        return value * (M2_PER_UNIT[from_unit] / M2_PER_UNIT[to_unit])
    except KeyError as err:
        raise ValueError(f"unknown area unit {err.args[0]!r}; known: {', '.join(M2_PER_UNIT)}") from None


def m2_to_mu(m2):
    return convert(m2, "m2", "mu")


def mu_to_m2(mu):
    return convert(mu, "mu", "m2")


def m2_to_ha(m2):
    return convert(m2, "m2", "ha")

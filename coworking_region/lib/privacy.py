"""Small counts could identify people: show them as "<5" (privacy by design)."""

SMALL_COUNT_THRESHOLD = 5


def small_count(value: int | None) -> str:
    """Format a count of people for display: counts 1-4 become "<5".

    Zero stays "0" (nobody is identified by an empty room) and None is "–".
    """
    if value is None:
        return "–"
    if 0 < value < SMALL_COUNT_THRESHOLD:
        return f"<{SMALL_COUNT_THRESHOLD}"
    return str(value)

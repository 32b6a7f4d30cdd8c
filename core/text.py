"""Text helpers every app shares."""

import unicodedata


def fold(text):
    """Case and accents ignored: "Lefèvre", "LEFEVRE" and " lefevre " fold alike. The one
    way the portal compares names, sorts them and searches them without accents."""
    decomposed = unicodedata.normalize("NFKD", str(text or "").replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()

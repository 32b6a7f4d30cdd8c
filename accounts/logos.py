"""Tenant logos: the formats accepted and how their content is recognised.

Production serves no MEDIA_URL (WhiteNoise serves static files only), so a logo is read from the
default storage and served by `portal.views.tenant_logo` at `Tenant.logo_url`. Only raster
formats every browser shows are accepted. SVG is refused: it can carry scripts, and an image
that runs in the portal's origin when opened on its own is not worth a logo.
"""

# Pillow's format names (what the upload's ImageField reads) → the Content-Type served. MPO is
# how Pillow reads the JPEG of many phones and cameras (a JPEG with extra pictures): browsers show
# it as a JPEG.
CONTENT_TYPES = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",
    "GIF": "image/gif",
    "WEBP": "image/webp",
}
# The file input's `accept` attribute: what the file picker offers first.
ACCEPT = ",".join(sorted(set(CONTENT_TYPES.values())))
# How many leading bytes `sniff_content_type` needs.
SNIFF_BYTES = 12


def sniff_content_type(head):
    """The Content-Type of an accepted format from a file's first bytes, or None.

    The served type comes from the content, never from the file's name, so a file that reached
    the storage by another route (the admin, a shell, an older upload) is served as what it is,
    or not at all.
    """
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None

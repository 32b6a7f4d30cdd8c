"""MEDIA_ROOT in and out of `media.tar.gz`. Everything under it is private (nothing serves
/media/), so all of it is saved: signed convention PDFs, import uploads, tenant logos."""

import shutil
import tarfile
from pathlib import Path

from .errors import BackupError

# Most files are PDFs and images, already compressed: a middle level saves time for little.
COMPRESS_LEVEL = 6


def write_media_tar(media_root, path):
    """Tar and gzip every entry under `media_root` (an absent folder gives an empty tar).
    Returns {"files": count, "bytes": total size of the files}."""
    media_root = Path(media_root)
    totals = {"files": 0, "bytes": 0}

    def count(info):
        if info.isfile():
            totals["files"] += 1
            totals["bytes"] += info.size
        return info

    with tarfile.open(path, mode="w:gz", compresslevel=COMPRESS_LEVEL) as tar:
        if media_root.is_dir():
            for entry in sorted(media_root.iterdir()):
                tar.add(entry, arcname=entry.name, filter=count)
    return totals


def is_empty(media_root):
    media_root = Path(media_root)
    return not media_root.exists() or not any(media_root.iterdir())


def restore_media(media_tar, media_root, *, replace):
    """Put the archived files in `media_root`. With `replace`, what is there is removed first
    (the folder itself stays: in compose it is a volume's mount point)."""
    media_root = Path(media_root)
    media_root.mkdir(parents=True, exist_ok=True)
    if replace:
        for entry in media_root.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    elif not is_empty(media_root):
        raise BackupError(f"MEDIA_ROOT {media_root} is not empty")
    try:
        with tarfile.open(media_tar, mode="r:gz") as tar:
            # "data": no absolute paths, no way out of media_root, no devices, no set-uid bits.
            tar.extractall(media_root, filter="data")
    except tarfile.TarError as error:
        raise BackupError(f"unreadable media tar ({error})") from error

class BackupError(Exception):
    """Why a backup or a restore stopped, in words meant for the operator who ran it."""

"""The zip-bomb checks, on a zip's central directory, shared by every reader of zips.

A .docx is a zip, and so is a cohort uploaded to the web page. Both are
checked the same way before anything is decompressed: how many members, their
total declared size, and each member's compression ratio. :mod:`zipfile` stops
reading a member at its declared size (and then fails its CRC check), so a
member cannot expand beyond what is checked here.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence

_MB = 1024 * 1024


def expansion_problem(
    infos: Sequence[zipfile.ZipInfo], *, max_members: int, max_total: int, max_ratio: int,
    members: str = "parts",
) -> str | None:
    """Why a zip with these members may be a zip bomb, or ``None`` when it is within the limits.

    Args:
        infos: The zip's members (``ZipFile.infolist()``).
        max_members: Most members allowed.
        max_total: Largest total declared uncompressed size, in bytes.
        max_ratio: Largest compression ratio of a member over 1 MB.
        members: What to call the members in the answer ("parts" of a Word file).

    Returns:
        The detail for the numbered message (E209, E329), such as
        ``"3000 parts (limit 2000)"``, or ``None``.
    """
    if len(infos) > max_members:
        return f"{len(infos)} {members} (limit {max_members})"
    total = sum(i.file_size for i in infos)
    if total > max_total:
        return f"{total // _MB} MB (limit {max_total // _MB} MB)"
    for info in infos:
        if info.file_size > _MB and info.file_size > max_ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            return f"{ratio}x its size in '{info.filename}'"
    return None

"""Storing uploaded evidence: checked, hashed (SHA-256) while it is written, never overwriting a file,
and removed again if the record that should point at it is not saved."""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from django.core.files import File
from django.core.files.storage import default_storage

from fazhi.core.errors import FieldProblem, ValidationFailed

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class _HashingFile(File):
    """Hands the upload to the storage chunk by chunk, hashing and counting as it goes. It has no
    ``temporary_file_path``, so the storage always streams through ``chunks`` (never moves the file)."""

    def __init__(self, upload):
        super().__init__(upload, name=upload.name)
        self.upload, self.sha256, self.size = upload, hashlib.sha256(), 0

    def chunks(self, chunk_size=None):
        for chunk in self.upload.chunks(chunk_size):
            self.sha256.update(chunk)
            self.size += len(chunk)
            yield chunk


@dataclass(frozen=True)
class StoredFile:
    path: str
    name: str
    sha256: str
    size: int


def checked_name(uploaded_file, *, limit: int = 200) -> str:
    """The upload's own file name (no folders), or ``ValidationFailed`` for a missing, empty or too
    large file."""
    if uploaded_file is None:
        raise ValidationFailed(FieldProblem("文件", "请选择要上传的文件"))
    name = (getattr(uploaded_file, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name:
        raise ValidationFailed(FieldProblem("文件名", "不能为空"))
    if len(name) > limit:
        raise ValidationFailed(FieldProblem("文件名", f"不能超过 {limit} 个字"))
    if not uploaded_file.size:
        raise ValidationFailed(FieldProblem("文件", "文件是空的"))
    if uploaded_file.size > MAX_UPLOAD_BYTES:
        raise ValidationFailed(FieldProblem("文件", f"不能超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB"))
    return name


@contextmanager
def stored(uploaded_file, folder: str, *, max_length: int = 100) -> Iterator[StoredFile]:
    """Write the upload under ``folder`` and yield where and what it is; if the block raises, the file
    is deleted again (it never became a record)."""
    name = checked_name(uploaded_file)
    content = _HashingFile(uploaded_file)
    path = default_storage.save(f"{folder}/{default_storage.get_valid_name(name)}", content, max_length=max_length)
    try:
        yield StoredFile(path=path, name=name, sha256=content.sha256.hexdigest(), size=content.size)
    except BaseException:
        default_storage.delete(path)
        raise

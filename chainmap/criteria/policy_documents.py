"""Plan documents: the ``.txt`` and ``.docx`` files of a ``policy_documents`` folder, as text.

Text files may be UTF-8 (with or without BOM), GBK/GB18030 or UTF-16; Word files are read
with the standard library. Everything is deterministic: files in sorted name order.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from chainmap.errors import DataWarning, InputDataError, Issue

#: File types read from a ``policy_documents`` folder.
DOCUMENT_SUFFIXES: tuple[str, ...] = (".txt", ".docx")

#: Upper bound on ``word/document.xml`` size, against zip bombs (bytes).
_MAX_DOCX_XML = 200 * 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Encodings charset-normalizer may choose among (GB18030 is a superset of GBK/GB2312).
_CANDIDATE_ENCODINGS = ["utf_8", "gb18030", "utf_16_le", "utf_16_be", "big5"]
#: How to fix a text file chainmap cannot decode.
RESAVE_TXT = "open it in a text editor and save it again as UTF-8 (记事本: 另存为 → 编码 UTF-8)"
_RESAVE_DOCX = "open it in Word or WPS and save it again as .docx, or save it as UTF-8 .txt"


@dataclass(frozen=True)
class Document:
    """One plan document read from a ``policy_documents`` folder.

    Parameters
    ----------
    name : str
        File name (no folder), the label used in provenance.
    text : str
        Decoded text (``.docx``: paragraphs joined by newlines).
    sha256 : str
        SHA-256 of the file's bytes.
    encoding : str
        Encoding the text was decoded from (``"docx"`` for Word files).
    """

    name: str
    text: str
    sha256: str
    encoding: str

    @property
    def n_chars(self) -> int:
        """Number of non-whitespace characters after NFKC normalisation."""
        return count_chars(normalise_text(self.text))


def normalise_text(text: str) -> str:
    """NFKC normalisation: full-width letters and digits become ASCII."""
    return unicodedata.normalize("NFKC", text)


def count_chars(text: str) -> int:
    """Number of non-whitespace characters."""
    return sum(1 for ch in text if not ch.isspace())


def read_policy_documents(folder: str | Path) -> list[Document]:
    """Read every ``.txt`` and ``.docx`` file of ``folder`` (not recursive), by name.

    ``.txt`` files may be UTF-8 (with or without BOM), GBK/GB18030 or UTF-16 (with or
    without BOM); the encoding is taken from a BOM, else strict UTF-8, else detected
    with charset-normalizer. ``.docx`` files are read with the standard library (the
    paragraphs of ``word/document.xml``, tables included). Hidden files and Word lock
    files (``~$...``) are skipped; other files are skipped with a :class:`DataWarning`.

    Parameters
    ----------
    folder : str or Path
        The folder named by the scenario key ``policy_documents``.

    Returns
    -------
    list of Document
        One per file, sorted by file name.

    Raises
    ------
    InputDataError
        The folder is missing or holds no ``.txt``/``.docx`` file, or a file cannot be
        decoded or is not a valid ``.docx``: one line naming the file and how to re-save it.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "plan.txt").write_bytes("发展新能源汽车。".encode("gbk"))
    >>> [(doc.name, doc.encoding, doc.n_chars) for doc in read_policy_documents(d)]
    [('plan.txt', 'gb18030', 8)]
    """
    path = Path(folder)
    if not path.is_dir():
        raise InputDataError([Issue("policy_documents: folder not found", file=str(path))])
    files = sorted((p for p in path.iterdir() if p.is_file()), key=lambda p: p.name)
    readable = [p for p in files if p.suffix.lower() in DOCUMENT_SUFFIXES]
    hidden = [p for p in files if p.name.startswith((".", "~$"))]
    skipped = [p.name for p in files if p not in readable and p not in hidden]
    readable = [p for p in readable if p not in hidden]
    if not readable:
        msg = "policy_documents: no .txt or .docx file in the folder"
        if skipped:
            msg += f" (found {', '.join(skipped)}; save them as .docx or UTF-8 .txt)"
        raise InputDataError([Issue(msg, file=str(path))])
    if skipped:
        msg = f"policy_documents: skipped {', '.join(skipped)} in {path} (only .txt and .docx)"
        warnings.warn(msg, DataWarning, stacklevel=2)
    return [_read_one(p) for p in readable]


def _read_one(path: Path) -> Document:
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() == ".docx":
        return Document(path.name, _docx_text(data, path), digest, "docx")
    text, encoding = _decode(data, path)
    return Document(path.name, text, digest, encoding)


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode a text file's bytes; the encoding label is the codec used."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    else:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=_CANDIDATE_ENCODINGS).best()
        if best is not None:
            text = str(best)
            if _looks_like_text(text):
                return text, best.encoding
    msg = f"cannot decode the text (not UTF-8, GBK/GB18030 or UTF-16); {RESAVE_TXT}"
    raise InputDataError([Issue(msg, file=str(path))])


def _looks_like_text(text: str) -> bool:
    """False for binary data decoded by chance (NULs, control characters, no letters)."""
    if not text.strip():
        return True
    bad = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn"))
    bad -= sum(1 for ch in text if ch in "\t\n\r\f")
    return "\x00" not in text and bad <= 0.01 * len(text)


def _docx_text(data: bytes, path: Path) -> str:
    """Paragraph text of a .docx (``w:t`` runs, ``w:tab`` → tab, ``w:br`` → newline)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > _MAX_DOCX_XML:
                raise ValueError("word/document.xml is too large")
            root = ElementTree.fromstring(archive.read(info))
    except (zipfile.BadZipFile, KeyError, ValueError, ElementTree.ParseError, OSError) as err:
        reason = {
            zipfile.BadZipFile: "not a zip archive",
            KeyError: "no word/document.xml",
            ElementTree.ParseError: "damaged word/document.xml",
        }.get(type(err), str(err))
        msg = f"not a valid Word .docx file ({reason}); {_RESAVE_DOCX}"
        raise InputDataError([Issue(msg, file=str(path))]) from err
    paragraphs = []
    for para in root.iter(f"{_W}p"):
        parts = []
        for node in para.iter():
            if node.tag == f"{_W}t":
                parts.append(node.text or "")
            elif node.tag == f"{_W}tab":
                parts.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)

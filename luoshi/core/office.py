"""Word to PDF through LibreOffice (``soffice --headless --convert-to pdf``), when it is
installed. Without it there is no PDF, and the caller says so: that is not an error."""

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

TIMEOUT_SECONDS = 180


def soffice_path() -> str | None:
    return shutil.which(settings.LUOSHI_SOFFICE)


def docx_to_pdf(docx: bytes) -> tuple[bytes | None, str]:
    """(PDF bytes, "") or (None, why there is none)."""
    program = soffice_path()
    if program is None:
        return None, _("LibreOffice is not installed on the server, so there is no PDF; "
                       "open the Word document instead.")
    with tempfile.TemporaryDirectory(prefix="luoshi-pdf-") as folder:
        work = Path(folder)
        source = work / "document.docx"
        source.write_bytes(docx)
        # A profile of its own: two conversions at once would lock a shared one.
        profile = (work / "profile").as_uri()
        try:
            subprocess.run(
                [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                 "pdf", "--outdir", str(work), str(source)],
                check=True, capture_output=True, timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            return None, _("LibreOffice took longer than %(seconds)d seconds; no PDF.") % {
                "seconds": TIMEOUT_SECONDS}
        except (subprocess.CalledProcessError, OSError) as error:
            return None, _("LibreOffice could not convert the document (%(error)s).") % {
                "error": str(error)[:200]}
        result = work / "document.pdf"
        if not result.exists():
            return None, _("LibreOffice did not write a PDF.")
        return result.read_bytes(), ""

"""A logging filter that masks personal data in every log record (see ``fazhi.core.masking``)."""

from __future__ import annotations

import logging

from fazhi.core.masking import scrub_text


class MaskPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        scrubbed = scrub_text(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, None
        return True

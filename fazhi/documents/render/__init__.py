"""Printing documents: PDF (``pdf``), DOCX (``docx``) and the bound case file (``casefile``)."""

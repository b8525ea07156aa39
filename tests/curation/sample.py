"""A small sample text written for the curation tests (not a real article: invented in our
own words), with the quirks real pages have: curly quotes, a no-break space, a sentence
broken across lines, disclosures, and a numbered reference list."""

SAMPLE_TEXT = (
    "A short note on Semax for new curators\n"
    "\n"
    "This page is not medical advice; talk to your doctor first. "
    "Some links on this page are affiliate links.\n"
    "\n"
    "Background\n"
    "Semax is a small peptide. Its makers call it a \u201cmemory aid\u201d for older adults.\n"
    "\n"
    "Findings in animals\n"
    "In one rat study the peptide raised BDNF\u00a0levels in the\n"
    "hippocampus within hours [1]. A later test, e.g. in mice, did not see the same rise [2].\n"
    "\n"
    "References\n"
    "1. Doe J, Roe R. An invented rat study. Journal of Examples 3, 10-12 (2001). PMID: 12345\n"
    "2. Poe A. Another invented paper. Example Letters 8, 5 (2010). https://doi.org/10.1234/ex.2010.5\n"
)

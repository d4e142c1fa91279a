"""One module per engine, each imported only when its engine is used.

``torch`` and ``ctranslate2`` run seq2seq models (and are the only modules that import
torch, transformers or ctranslate2); ``extractive`` and ``lead`` pick from the speaker's
own words and need no model. The registry (``summarizer.summarize.registry``) maps names
to these modules.
"""

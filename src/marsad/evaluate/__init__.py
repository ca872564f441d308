"""Scorers against public gold sets: `marsad evaluate ner|events|places`.

- ner: ANERcorp test split, exact-span P/R/F1 for PER/LOC/ORG (ner.py)
- events: PETRARCH Arabic GSR recall for ASSAULT/PROTEST and actor countries,
  firing rate on ordinary news (events.py)
- places: IDRISI LMD dev, gazetteer recall and distance to gold (places.py)

The gold data is read from ../shared/data at run time and never copied into the
repository; reports carry counts and rates only. See docs/quality.md.
"""

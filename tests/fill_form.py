#!/usr/bin/env python3
"""Fills a planmeet report form as a unit would in another program: openpyxl reads the
workbook, sets cells and saves it again (rewriting the whole file, as Excel, WPS and
LibreOffice do). Usage: fill_form.py IN.xlsx OUT.xlsx EDITS.json, where EDITS is a list of
{"sheet": NAME or null (the first sheet), "cell": "L3", "value": text or number}."""
import json
import sys

import openpyxl

source, target, edits = sys.argv[1], sys.argv[2], sys.argv[3]
book = openpyxl.load_workbook(source)
with open(edits, encoding="utf-8") as f:
    for edit in json.load(f):
        sheet = book[edit["sheet"]] if edit.get("sheet") else book.worksheets[0]
        sheet[edit["cell"]] = edit["value"]
book.save(target)

"""XLSX → one table per sheet with data, read with openpyxl; register sheets become register rows.

Merged ranges are filled (each cell of the range gets the range's value) before the sheet is read, so
an agency merged over the five tasks it leads is the lead of each. Hidden sheets are skipped.
"""

from __future__ import annotations

import io
import warnings

import openpyxl

from . import Extraction, Part, Unreadable
from .sheets import cell_text, read_table

MAX_ROWS = 50_000
MAX_COLUMNS = 100


def read_xlsx(data: bytes, name: str) -> Extraction:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Data Validation extension is not supported" and the like
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as e:  # openpyxl raises KeyError, InvalidFileException, zip and XML errors
        raise Unreadable(f"tệp Excel bị hỏng, không mở được (corrupt XLSX: {type(e).__name__}: {e})") from None
    parts: list[Part] = []
    notes: list[str] = []
    sheets = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    for ws in sheets:
        grid = _grid(ws)
        if ws.max_row > MAX_ROWS:
            notes.append(
                f"trang tính {ws.title}: chỉ đọc {MAX_ROWS} dòng đầu (sheet {ws.title}: first {MAX_ROWS} rows)"
            )
        table = read_table(grid)
        if table is None or not table.rows:
            continue
        meta = table.meta()
        title = meta.pop("title", None) or (name if len(sheets) == 1 else f"{name} — {ws.title}")
        parts.append(Part(ws.title, meta, columns=table.columns, rows=table.rows, fallback_title=title))
    book.close()
    if not parts:
        raise Unreadable("tệp Excel không có bảng dữ liệu nào (the workbook has no table with data)")
    if len(parts) == 1:
        parts[0].key = None  # one sheet of data: the file is the document
    return Extraction(parts, notes)


def _grid(ws) -> list[list[str]]:
    rows = min(ws.max_row, MAX_ROWS)
    columns = min(ws.max_column, MAX_COLUMNS)
    grid = [
        [cell_text(v) for v in row] for row in ws.iter_rows(min_row=1, max_row=rows, max_col=columns, values_only=True)
    ]
    for merged in ws.merged_cells.ranges:
        value = cell_text(ws.cell(merged.min_row, merged.min_col).value)
        for r in range(merged.min_row, min(merged.max_row, rows) + 1):
            for c in range(merged.min_col, min(merged.max_col, columns) + 1):
                grid[r - 1][c - 1] = value
    return grid

"""juesuan: Chinese government final-account and budget PDFs to code-keyed CSV, Parquet and Excel."""


def read_cells(path, exact: bool = False):
    """A run's cells as a typed pandas DataFrame: codes as text, amounts as float64 (exact=True:
    pyarrow decimals). OUTDIR, cells.csv or cells.parquet; see juesuan.typed for the dtypes."""
    from juesuan.typed import read_cells as read  # pandas only when asked: the CLI starts without it

    return read(path, exact)

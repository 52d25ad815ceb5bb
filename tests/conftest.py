"""Shared test helpers: where the read-only real reports live, and running the CLI."""
from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REAL = SHARED / "real"


@pytest.fixture(scope="session")
def real_report():
    """real_report(name) → path of a real report, or skip when ../shared/real is absent."""
    def find(name: str) -> Path:
        path = REAL / name
        if not path.exists():
            pytest.skip(f"{path} not present (../shared/real beside the checkout)")
        return path
    return find


def load_script(name: str):
    """A module of the scripts package (the fixture generators, the scorer, the benchmarks)."""
    return importlib.import_module(f"scripts.{name}")


def generate_and_extract(script: str, tmp_path_factory) -> tuple[Path, Path]:
    """Run a fixture generator of scripts/ into a fresh folder, then `juesuan extract` over it with
    2 workers (exit 0 asserted): (the generated folder, the output folder)."""
    from juesuan.cli import main

    fixtures = tmp_path_factory.mktemp(script)
    subprocess.run([sys.executable, "-m", f"scripts.{script}", str(fixtures)], check=True, capture_output=True,
                   cwd=ROOT)
    out = tmp_path_factory.mktemp(f"{script}_out")
    assert main(["extract", str(fixtures), "-o", str(out), "-q", "--workers", "2"]) == 0
    return fixtures, out


# ---------------------------------------------------------------------------------------------
# Markers (registered in pyproject.toml), applied here by what a test uses, so that a test file need not carry
# them and `python -m pytest -m "not ocr and not slow"` is the quick run. Found on 2026-12-07 by logging every
# OCR engine a test made (RapidOCR or tesseract, in pytest's process or a worker's: test_ocr.py and
# test_scanned.py by reading them, the rest by the log) and by the suite's durations. A new test that runs OCR,
# reads ../shared/real or takes long gets its mark through a fixture below, or is named here.
# ---------------------------------------------------------------------------------------------

# fixtures whose setup runs OCR, reads ../shared/real, generates a layout zoo or takes long (a test using one,
# directly or through another fixture, gets its marks); "file::name" for a fixture of one file only
FIXTURE_MARKS = {
    "scans": ("ocr",),  # test_scanned.py: fixtures scanned, then extracted by OCR
    "hostile": ("ocr", "slow"),  # test_hostile.py: the hostile corpus holds image pages, read by OCR
    "real_report": ("real",),
    "real_run": ("real", "ocr"),  # test_catalogue.py: every report of ../shared/real extracted (a cover by OCR)
    "every_real_report": ("ocr",),  # test_real_reports.py: the same, with --ocr auto
    "all_real_reports": ("ocr", "slow"),  # test_real_reports.py: all of ../shared/real extracted (--ocr auto)
    "zoo": ("zoo",),
    "small_zoo": ("zoo",),
    "test_narrative_fixtures.py::run": ("slow",),  # generates the fixtures again and extracts them
    "test_review.py::flagged": ("slow",),  # reviews a whole run into HTML
    "test_coarse_pictures.py::coarse": ("ocr", "slow"),  # a table page as a 96- and a 120-dpi picture, OCR'd
    "test_readers.py::runs": ("slow",),  # the oracle: every PDF extracted by both readers (whichever test comes first)
    "test_stages.py::mixed": ("ocr",),  # two table pages of a fixture as pictures, read by OCR
    "test_sources.py::mixed150": ("ocr",),  # a mixed report with 150-dpi table pictures, read by OCR
    "test_wrapped_headers.py::wrapped": ("slow",),  # the wrapped-header report generated (and scanned for one test)
}
# whole files
FILE_MARKS = {
    "test_layouts.py": ("zoo",),  # every test draws zoo reports with one trait fixed and reads them
    "test_real_reports.py": ("real",),
    "test_lean_models.py": ("ocr",),  # builds the lean PP-OCR models and runs them beside the installed ones
}
# single tests, by file::name (parametrized ones by their function's name)
TEST_MARKS = {
    "test_ocr.py::test_orientation_fixes_quarter_turn": ("ocr",),
    "test_ocr.py::test_rapidocr_reads_table": ("ocr",),
    "test_ocr.py::test_ruled_cells_read_a_rendered_page_as_its_text_layer": ("ocr",),
    "test_ocr.py::test_page_without_grid_is_read_by_page_detection": ("ocr",),
    "test_ocr.py::test_ruled_scan_is_read_cell_by_cell_unless_page_detection_is_asked": ("ocr",),
    "test_ocr.py::test_rapidocr_scanned_rotated_page": ("ocr",),
    "test_ocr.py::test_tesseract_runs": ("ocr",),
    "test_ocr.py::test_prose_that_begins_with_a_year_is_not_read_again_as_a_short_code": ("ocr",),
    "test_ocr.py::test_a_number_read_well_formed_and_sure_from_the_wider_crop_is_not_read_at_twice_its_width": ("ocr",),
    "test_sources.py::test_a_table_pasted_as_three_strips_under_a_text_title_is_read_whole": ("ocr",),
    "test_wrapped_headers.py::test_a_scan_reads_every_cell_under_its_column": ("ocr",),
    "test_ocr.py::test_models_load_once_per_process": ("ocr",),
    "test_red_seal.py::test_a_colour_scan_on_grey_paper_with_a_seal_over_its_amounts_is_read_cell_for_cell": ("ocr",),
    "test_ocr.py::test_onnxruntime_threads_do_not_spin_between_calls": ("ocr",),
    "test_ocr.py::test_only_the_detector_runs_without_the_layout_pass": ("ocr",),
    "test_narrative.py::test_shanghai_report": ("real",),
    "test_bench_smoke.py::test_bench_zoo_smoke": ("zoo",),
    "test_zoo.py::test_cairo_rotate_keeps_the_file_valid": ("zoo",),
}
# tests of 5 s or more (or 10 s over their parameters) in a run of the suite on the 2 shared cores, load ~12
SLOW_TESTS = {
    "test_readers.py::test_an_office_export_reads_alike",  # a LibreOffice export
    "test_lean_models.py::test_lean_recognizer_reads_a_page_as_the_installed_one",
    "test_lean_models.py::test_the_same_model_gives_the_same_bytes_and_is_built_once",
    "test_lean_models.py::test_a_rewrite_that_computes_otherwise_is_not_used",
    "test_lean_models.py::test_the_engine_runs_the_lean_detector_and_recognizer",
    "test_red_seal.py::test_a_colour_scan_on_grey_paper_with_a_seal_over_its_amounts_is_read_cell_for_cell",
    "test_zoo_pictures.py::test_the_title_is_where_the_trait_says",
    "test_zoo_pictures.py::test_strips_and_formats",
    "test_zoo_pictures.py::test_a_colour_scan_is_rgb_on_its_papers_tone",
    "test_bench_smoke.py::test_bench_batch_smoke",
    "test_bench_smoke.py::test_bench_zoo_smoke",
    "test_bench_smoke.py::test_bench_digital_smoke",
    "test_bench_doc.py::test_bench_writes_its_section_into_the_doc",
    "test_batch.py::test_ray_runner_on_a_local_instance",
    "test_batch.py::test_killed_run_resumes_without_redoing",
    "test_batch.py::test_rerun_reuses_results_and_force_redoes",
    "test_batch.py::test_corrupt_file_is_listed_and_all_others_extracted",
    "test_batch.py::test_prepare_runs_in_each_worker_and_in_the_main_process_where_that_fails",
    "test_bad_input.py::test_time_limit_stops_a_slow_document_and_the_batch_goes_on",
    "test_bad_input.py::test_compression_bomb_hits_the_memory_limit",
    "test_layouts.py::test_09_in_its_three_layouts_has_the_contracts_keys",
    "test_layouts.py::test_a_small_zoo_is_read_exactly_and_nothing_is_silent",
    "test_layouts.py::test_department_from_labels_titles_or_cover_never_from_sentences",
    "test_layouts.py::test_summary_rows_are_read_wherever_they_sit",
    "test_layouts.py::test_part_title_and_contents_are_headings_not_tables",
    "test_review.py::test_missing_pdf_is_said_and_found_again_with_pdf_root",
    "test_review.py::test_headless_chromium_shows_the_page_with_boxes_and_highlights",
    "test_review.py::test_chromium_renders_the_index_and_a_table_page_with_the_unknown_column_highlighted",
    "test_review.py::test_review_finds_the_pdfs_from_any_folder_and_says_when_it_cannot",
    "test_zoo.py::test_truth_values_are_printed_on_their_pages",
    "test_zoo.py::test_generation_is_deterministic",
    "test_budgets.py::test_every_amount_printed_on_a_real_budget_table_page_is_a_cell",
    "test_diff.py::test_two_runs_of_the_same_fixtures_are_identical",
    # 0.7 s or more on a quiet machine (2026-12-07, `-m "not ocr and not slow" --durations=0`), so the quick run
    # stays under a minute: whole extractions, real reports, LibreOffice and worker pools
    "test_bad_input.py::test_a_page_beyond_any_report_page_is_refused_alone",
    "test_budgets.py::test_committed_fixtures_are_what_the_generator_makes",
    "test_budgets.py::test_real_budgets_department_year_and_tables",
    "test_cache.py::test_a_damaged_entry_is_recomputed_and_logged",
    "test_cache.py::test_a_failure_is_not_cached_and_is_retried",
    "test_cache.py::test_a_file_replaced_while_it_is_read_is_not_cached_under_its_old_hash",
    "test_cache.py::test_a_reused_result_equals_the_extracted_one",
    "test_catalogue.py::test_a_dataset_gives_the_catalogue_of_its_output_directory",
    "test_cli.py::test_ctrl_c_stops_at_once_exit_130_no_traceback_cache_kept",
    "test_cli.py::test_diff_into_a_closed_pipe_is_quiet",
    "test_cli.py::test_library_warnings_go_to_the_log_not_the_terminal",
    "test_dataset.py::test_extract_writes_each_document_as_it_arrives_and_skips_failed_ones",
    "test_dataset.py::test_keep_versions_keeps_the_older_version_beside_the_new",
    "test_dataset.py::test_one_version_per_report_and_no_byte_identical_copy_twice",
    "test_deps.py::test_review_without_chinese_fonts_says_what_to_install_first",
    "test_fixture_accuracy.py::test_layout_is_extracted_exactly",
    "test_hostile.py::test_a_file_too_large_to_hash_within_the_timeout_is_a_failed_row",
    "test_inputs_unlisted.py::test_a_folder_that_cannot_be_listed_is_a_failed_row",
    "test_layouts.py::test_06_amounts_that_look_like_codes_under_a_group_label_are_amounts",
    "test_layouts.py::test_06_in_side_by_side_groups_is_keyed_by_its_one_column",
    "test_layouts.py::test_lanci_row_and_hangci_columns_are_neither_amounts_nor_keys",
    "test_layouts.py::test_pages_of_rows_continue_their_table",
    "test_overprint.py::test_fake_bold_reads_as_the_text_drawn_once",
    "test_ownership.py::test_a_crash_while_committing_leaves_the_manifest_owning_old_and_new",
    "test_ownership.py::test_a_rerun_with_fewer_inputs_says_which_documents_it_drops",
    "test_ownership.py::test_review_stays_while_the_outputs_it_shows_stay_and_goes_when_they_change",
    "test_progress.py::test_log_level_and_verbose_choose_what_the_log_keeps",
    "test_progress.py::test_sigterm_stops_the_run_as_ctrl_c_does_but_exits_143",
    "test_real_regions.py::test_column_numbers_are_never_amounts",
    "test_real_regions.py::test_regional_title_families_are_the_standard_tables",
    "test_real_regions.py::test_the_real_section_of_the_benchmark",
    "test_real_reports.py::test_every_amount_printed_on_a_final_accounts_table_page_is_a_cell",
    "test_report_runs.py::test_a_second_report_is_a_finding_naming_its_first_page",
    "test_resources.py::test_a_full_cache_costs_only_the_cache",
    "test_resources.py::test_a_full_disk_is_one_line_and_exit_2_and_leaves_nothing_half_made",
    "test_review.py::test_hover_links_box_and_cell_even_when_the_label_holds_quotes",
    "test_startup.py::test_a_run_whose_documents_all_fail_still_writes_its_parquet",
    "test_startup.py::test_the_first_document_is_handed_out_before_heavy_imports",
    "test_workbook.py::test_a_large_run_is_cut_in_the_workbook_and_says_so",
    "test_workbook.py::test_a_large_run_streams_the_same_workbook_it_builds_in_memory_for_a_small_one",
    "test_workbook.py::test_csv_bom_marks_every_csv_and_they_still_read_the_same",
    "test_workbook.py::test_libreoffice_shows_each_table_as_printed",
    "test_zoo.py::test_manifest_records_the_drawn_traits",
}


def marks_for(file: str, name: str, fixtures, params) -> set[str]:
    """The markers of one test: by its file, its name, the fixtures it uses and the paths it is given."""
    key = f"{file}::{name}"
    marks = set(FILE_MARKS.get(file, ())) | set(TEST_MARKS.get(key, ()))
    for fixture in fixtures:
        marks.update(FIXTURE_MARKS.get(fixture, ()))
        marks.update(FIXTURE_MARKS.get(f"{file}::{fixture}", ()))
    if any(isinstance(v, (str, Path)) and Path(v).is_absolute() and REAL in Path(v).parents for v in params):
        marks.add("real")  # parametrized over the real reports (test_readers.py)
    if key in SLOW_TESTS:
        marks.add("slow")
    return marks


def pytest_collection_modifyitems(config, items):
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {}).values()
        name = getattr(item, "originalname", None) or item.name.split("[")[0]
        for mark in sorted(marks_for(item.path.name, name, item.fixturenames, params)):
            item.add_marker(getattr(pytest.mark, mark))

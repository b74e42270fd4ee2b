// OCR engine: a page image in, text blocks with boxes and confidence out.
//
// Built on tesseract 5 (LSTM) and leptonica. recognize() runs the whole
// chain for one page image:
//   grayscale -> scale to a glyph size tesseract reads well (small images:
//   several scales, the most confident reading wins) -> orientation
//   (tesseract OSD: pages scanned at 90/180/270 degrees are turned upright)
//   -> deskew (leptonica) -> white border -> recognition -> paragraphs.
// Languages: the configured set, e.g. "eng+chi_sim"; a page whose reading
// is mostly CJK is read again with the CJK language first (tesseract
// favours its first language).
// Block bboxes are in pixels of the image as given (not of the rotated or
// deskewed copy), top-left origin, so callers scale them to their page frame.
//
// Engines (TessBaseAPI, ~100 MB each with chi_sim, slow to initialise) live in
// a process-wide pool per language set and are reused across pages and
// documents; at most OcrOptions::threads recognitions run at once in the
// process, the rest wait for a free engine. recognize() is thread-safe.
//
// Errors: Error{invalid_argument} for an unknown language (its
// .traineddata is missing), naming the language and the tessdata folder.
// A page that runs out of its time limit returns no blocks with timed_out
// set (tesseract's partial results are not safe to read); it does not throw.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "parse/document.h"
#include "parse/parser.h"

struct Pix;

namespace lore::parse::ocr {

struct OcrBlock {
  BBox bbox;              // pixels of the input image, top-left origin
  std::string text;       // lines joined; no spaces between CJK characters
  double confidence = 0;  // mean word confidence, 0..100
};

struct OcrResult {
  std::vector<OcrBlock> blocks;  // in reading order
  int rotation = 0;              // degrees the content was turned clockwise to read it (0/90/180/270)
  double skew_degrees = 0;       // residual skew removed by deskewing
  bool timed_out = false;        // the per-page time limit stopped recognition early
};

// Recognises one page image (any depth leptonica handles). `dpi` is the
// image's resolution (0: unknown, 300 assumed). The image is not modified.
OcrResult recognize(const Pix* image, int dpi, const OcrOptions& options);

// Runs job(i) for i in [0, count) on up to options.threads threads (0: one
// per core) and waits for all. The first exception thrown by a job is
// rethrown after the others finished; remaining jobs are skipped.
void for_each_page(size_t count, const OcrOptions& options, const std::function<void(size_t)>& job);

// Effective worker count for `options` (threads, or one per core, at least 1).
int worker_count(const OcrOptions& options);

// Removes the spaces tesseract puts between CJK characters (and between CJK
// characters and adjacent punctuation), keeping spaces around Latin words.
std::string remove_cjk_spaces(std::string_view text);

}  // namespace lore::parse::ocr

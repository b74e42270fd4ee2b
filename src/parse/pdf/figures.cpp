// Figures: large non-text ink areas.
#include "parse/pdf/pdf_regions.h"

namespace lore::parse::pdf {

std::vector<Region> find_figures(const poppler::page& /*page*/, const PageRaster& /*raster*/,
                                 const std::vector<Word>& /*words*/, const std::vector<Region>& /*taken*/) {
  return {};
}

}  // namespace lore::parse::pdf

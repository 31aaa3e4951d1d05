// Filled by the scoring work of issue 13 (see expert/scoring.h).
#include "expert/scoring.h"

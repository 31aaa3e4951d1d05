// Filled by the optimize work of issue 12 (see plan/optimize.h).
#include "plan/optimize.h"

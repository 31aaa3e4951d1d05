// Filled by the response work of issue 12 (see plan/response.h).
#include "plan/response.h"

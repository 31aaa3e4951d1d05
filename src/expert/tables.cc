// Filled by the tables work of issue 13 (see expert/tables.h).
#include "expert/tables.h"

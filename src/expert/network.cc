// Filled by the network work of issue 13 (see expert/network.h).
#include "expert/network.h"

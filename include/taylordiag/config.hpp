// taylordiag/config.hpp -- version of the library and compile-time configuration.
#pragma once

#define TAYLORDIAG_VERSION_MAJOR 0
#define TAYLORDIAG_VERSION_MINOR 1
#define TAYLORDIAG_VERSION_PATCH 0
#define TAYLORDIAG_VERSION_STRING "0.1.0"

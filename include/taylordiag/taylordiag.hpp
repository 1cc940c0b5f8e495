// taylordiag/taylordiag.hpp -- umbrella header: jets, elementary functions and drivers.
#pragma once

#include "taylordiag/collapsed_jet.hpp"
#include "taylordiag/config.hpp"
#include "taylordiag/diagonal.hpp"
#include "taylordiag/error.hpp"
#include "taylordiag/functions.hpp"
#include "taylordiag/jet.hpp"
#include "taylordiag/multi_jet.hpp"
#include "taylordiag/points.hpp"
#include "taylordiag/rules.hpp"

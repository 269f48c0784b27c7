// Debian's libxml2 headers pull in ICU, whose types clash with Foundation's own copy
// ("'UErrorCode' has different definitions in different modules"): switch ICU off after
// xmlversion.h has defined it and before any header that would include ICU.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/parserInternals.h>

#ifndef TOKENTALLY_CRDKAFKA_SHIM_H
#define TOKENTALLY_CRDKAFKA_SHIM_H
#include <librdkafka/rdkafka.h>
#endif

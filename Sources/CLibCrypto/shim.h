#ifndef TOKENTALLY_CLIBCRYPTO_SHIM_H
#define TOKENTALLY_CLIBCRYPTO_SHIM_H
// OpenSSL's libcrypto, for HMAC-SHA256 (pseudonyms). The one-shot HMAC() is not deprecated in 3.0.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#endif

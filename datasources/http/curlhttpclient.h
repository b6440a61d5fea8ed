// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "httpclient.h"

#include <memory>
#include <string>

namespace stackatlas {

struct CurlSettings
{
    std::string userAgent = "StackAtlas";
    // Proxy URL (http://, https:// or socks5h://). Empty: take http_proxy / https_proxy /
    // all_proxy and no_proxy from the environment; "none": no proxy at all.
    std::string proxy;
    std::string caFile; // extra CA bundle (tests with a local HTTPS server); TLS verification stays on
    HttpLimits limits;
};

// The libcurl implementation. TLS verification is always on; http and https only; redirects are
// followed by hand (at most limits.maxRedirects) so that a request carrying a secret header is
// never sent on to another host; the body is capped in the write callback, because libcurl 7.88
// does not enforce its own size limit on chunked or compressed bodies. Not thread-safe: one
// instance per worker thread. libcurl itself is loaded by the first instance (libcurl.h); where it
// cannot be, every request fails with the reason.
class CurlHttpClient : public HttpClient
{
public:
    explicit CurlHttpClient(CurlSettings settings);
    ~CurlHttpClient() override;

    HttpResult get(const HttpRequest &request, const CancelToken &cancel,
                   const std::function<void(long long)> &onBytes = {}) override;

    // The proxy to use for url under the settings and environment ("" = none); exposed for tests.
    static std::string proxyFor(const std::string &url, const std::string &configured);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace stackatlas

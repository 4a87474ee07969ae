-- wrk script for bench/pages.py.
-- With the argument "uncached", every request carries a session cookie no request has used
-- before, as a member of staff's browser would: the page cache never answers a request with a
-- session, so every answer comes from the database (public answers never look the session up),
-- as stored after it was first built under the last publication (sitewide.stored).
-- A new query string would not do: the cache keys a page only by the parameters its view reads.
-- Every request asks for gzip, as every browser does.
-- done() prints one line of JSON for bench/pages.py to read.

local threads = {}
local counter = 0

function setup(thread)
   thread:set("id", #threads + 1)
   table.insert(threads, thread)
end

function init(args)
   uncached = args[1] == "uncached"
end

local ACCEPT_ENCODING = "gzip, deflate, br"

function request()
   if uncached then
      counter = counter + 1
      return wrk.format(nil, wrk.path, {
         Cookie = "sessionid=uncached-" .. id .. "-" .. counter,
         ["Accept-Encoding"] = ACCEPT_ENCODING,
      })
   end
   return wrk.format(nil, wrk.path, {["Accept-Encoding"] = ACCEPT_ENCODING})
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      '{"requests": %d, "seconds": %.3f, "non_2xx": %d, "socket_errors": %d, ' ..
      '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f}\n',
      summary.requests, summary.duration / 1e6, e.status,
      e.connect + e.read + e.write + e.timeout,
      latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end

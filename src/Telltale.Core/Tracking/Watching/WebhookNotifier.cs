using System.Net;
using System.Net.Http.Headers;

namespace Telltale.Tracking.Watching;

/// <summary>
/// POSTs each alert as JSON. A receiver that is down must not stop the watch, so failures come back as a
/// message after the retries instead of an exception; only cancellation throws.
/// </summary>
internal sealed class WebhookNotifier(HttpClient http, Uri url, int attempts, TimeSpan retryDelay, TimeSpan attemptTimeout)
{
    /// <summary>Null when the receiver took it (2xx), else why not, as one line.</summary>
    public async Task<string?> PostAsync(string json, CancellationToken cancellationToken)
    {
        var tries = Math.Max(1, attempts);
        for (var number = 1; ; number++)
        {
            string reason;
            var retry = true;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(attemptTimeout);
                try
                {
                    using var content = new StringContent(json, System.Text.Encoding.UTF8);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                    using var response = await http.PostAsync(url, content, timeout.Token).ConfigureAwait(false);
                    var status = (int)response.StatusCode;
                    if (status is >= 200 and < 300)
                    {
                        return null;
                    }

                    reason = $"{url.Host} answered {status} {response.ReasonPhrase}".TrimEnd();

                    // Other client errors (400, 401, 404) will not get better by asking again.
                    retry = response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || status >= 500;
                }
                catch (HttpRequestException error)
                {
                    reason = error.Message;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    reason = $"no answer within {attemptTimeout.TotalSeconds:0.#} s";
                }
            }

            if (!retry || number >= tries)
            {
                // Only the host: hook URLs (Slack's among them) carry their secret in the path.
                return $"webhook {url.GetLeftPart(UriPartial.Authority)} failed after {number} attempt{(number == 1 ? "" : "s")}: {Artifacts.EntryNames.OneLine(reason)}";
            }

            var delay = retryDelay.TotalMilliseconds * Math.Pow(2, number - 1);
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(0, delay)), cancellationToken).ConfigureAwait(false);
        }
    }
}

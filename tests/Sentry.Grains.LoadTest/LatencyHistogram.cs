namespace Sentry.Grains.LoadTest;

/// <summary>
/// An HdrHistogram-style recorder: log-linear buckets (32 linear sub-buckets per power of two
/// of microseconds above 64 µs, so about 3% precision; exact below) from 1 µs to about an hour, fixed memory, thread-safe adds.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBuckets = 64;
    private const int Magnitudes = 32;
    private readonly long[] counts = new long[SubBuckets * Magnitudes];
    private long total;
    private long maxMicros;

    public long Count => Interlocked.Read(ref total);

    public void Record(TimeSpan latency)
    {
        var micros = Math.Max(1, (long)latency.TotalMicroseconds);
        Interlocked.Increment(ref counts[Index(micros)]);
        Interlocked.Increment(ref total);
        long seen;
        while (micros > (seen = Interlocked.Read(ref maxMicros)) && Interlocked.CompareExchange(ref maxMicros, micros, seen) != seen)
        {
        }
    }

    public double PercentileMs(double percentile)
    {
        var target = (long)Math.Ceiling(Count * percentile / 100.0);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += Interlocked.Read(ref counts[i]);
            if (seen >= Math.Max(1, target))
            {
                return Math.Min(UpperMicros(i), Interlocked.Read(ref maxMicros)) / 1000.0;
            }
        }

        return MaxMs;
    }

    public double MaxMs => Interlocked.Read(ref maxMicros) / 1000.0;

    private static int Index(long micros)
    {
        var magnitude = (int)Math.Max(0, 63 - long.LeadingZeroCount(micros) - 5); // values below 64 stay exact
        var sub = (int)(micros >> magnitude) & (SubBuckets - 1);
        return Math.Min((magnitude * SubBuckets) + (magnitude == 0 ? (int)micros : sub), (SubBuckets * Magnitudes) - 1);
    }

    private static long UpperMicros(int index)
    {
        var magnitude = index / SubBuckets;
        var sub = index % SubBuckets;
        return magnitude == 0 ? sub : ((long)sub << magnitude) + (1L << magnitude) - 1;
    }
}

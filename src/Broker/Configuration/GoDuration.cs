namespace WebBroker.Broker.Configuration;

/// <summary>
/// Reads durations the way Go's <c>time.ParseDuration</c> does, which is how nats-server reads
/// every duration in its config: an optional sign, then one or more decimal numbers each followed
/// by a unit (<c>ns us µs μs ms s m h</c>), e.g. <c>1h30m</c>, <c>1.5s</c>, <c>-2m</c>; a bare
/// <c>0</c> is the only number allowed without a unit. Precision is kept to the nanosecond and
/// then truncated to <see cref="TimeSpan"/> ticks (100 ns).
/// </summary>
internal static class GoDuration
{
    private const ulong MaxNanoseconds = long.MaxValue;

    public static bool TryParse(string text, out TimeSpan duration, out string error)
    {
        duration = TimeSpan.Zero;
        error = "";
        var s = text.AsSpan();
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s is "0")
        {
            return true;
        }
        if (s.IsEmpty)
        {
            error = Invalid(text);
            return false;
        }

        ulong total = 0;
        while (!s.IsEmpty)
        {
            if (s[0] != '.' && !char.IsAsciiDigit(s[0]))
            {
                error = Invalid(text);
                return false;
            }

            // The whole part.
            var i = 0;
            ulong whole = 0;
            var overflow = false;
            for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
            {
                if (whole > (MaxNanoseconds - 9) / 10)
                {
                    overflow = true;
                }
                whole = (whole * 10) + (ulong)(s[i] - '0');
            }
            if (overflow)
            {
                error = Invalid(text);
                return false;
            }
            var hadWhole = i > 0;
            s = s[i..];

            // The fraction, kept as digits over a power of ten.
            ulong fraction = 0;
            double scale = 1;
            var hadFraction = false;
            if (!s.IsEmpty && s[0] == '.')
            {
                s = s[1..];
                for (i = 0; i < s.Length && char.IsAsciiDigit(s[i]); i++)
                {
                    if (fraction <= (MaxNanoseconds - 9) / 10)
                    {
                        fraction = (fraction * 10) + (ulong)(s[i] - '0');
                        scale *= 10;
                    }
                }
                hadFraction = i > 0;
                s = s[i..];
            }
            if (!hadWhole && !hadFraction)
            {
                error = Invalid(text);
                return false;
            }

            // The unit runs to the next digit or '.'.
            for (i = 0; i < s.Length && s[i] != '.' && !char.IsAsciiDigit(s[i]); i++)
            {
            }
            if (i == 0)
            {
                error = $"time: missing unit in duration {GoQuote(text)}";
                return false;
            }
            var unitText = s[..i];
            s = s[i..];
            ulong unit = unitText switch
            {
                "ns" => 1,
                "us" or "µs" or "μs" => 1_000,
                "ms" => 1_000_000,
                "s" => 1_000_000_000,
                "m" => 60_000_000_000,
                "h" => 3_600_000_000_000,
                _ => 0,
            };
            if (unit == 0)
            {
                error = $"time: unknown unit {GoQuote(unitText.ToString())} in duration {GoQuote(text)}";
                return false;
            }

            if (whole > MaxNanoseconds / unit)
            {
                error = Invalid(text);
                return false;
            }
            var value = whole * unit;
            if (fraction > 0)
            {
                value += (ulong)(fraction * (unit / scale));
                if (value > MaxNanoseconds)
                {
                    error = Invalid(text);
                    return false;
                }
            }
            total += value;
            if (total > MaxNanoseconds)
            {
                error = Invalid(text);
                return false;
            }
        }

        var nanoseconds = (long)total;
        duration = TimeSpan.FromTicks((negative ? -nanoseconds : nanoseconds) / 100);
        return true;
    }

    private static string Invalid(string text) => $"time: invalid duration {GoQuote(text)}";

    private static string GoQuote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}

using System.Text;

namespace WebBroker.Broker.Configuration;

/// <summary>
/// Turns the text of a nats-server config file into tokens. The grammar is the one of
/// nats-server's <c>conf/lex.go</c>, written here as recursive descent:
/// <list type="bullet">
/// <item>an entry is a key, then <c>=</c>, <c>:</c> or only white space, then a value; entries
/// end at a new line, <c>;</c> or <c>,</c>; <c>#</c> and <c>//</c> start comments;</item>
/// <item>keys are bare (up to white space or a separator) or quoted, without escapes; an unquoted
/// key <c>include</c> followed by white space includes a file;</item>
/// <item>values: <c>{ map }</c>, <c>[ array ]</c>, <c>"string"</c> with escapes, <c>'string'</c>
/// without, <c>( block )</c> ended by <c>)</c> alone on a line, numbers with size suffixes,
/// floats, <c>YYYY-MM-DDTHH:MM:SSZ</c>, IP addresses (<c>127.0.0.1:4222</c> is a string),
/// booleans, <c>$variables</c>, and bare strings running to white space, <c>, ; ] }</c> or
/// the end of the line;</item>
/// <item>the whole file may be wrapped in <c>{ }</c>, so JSON files are configs too (like
/// nats-server we forgive a missing final <c>}</c> there, and one stray <c>}</c> at the end of
/// a file).</item>
/// </list>
/// Where nats-server's lexer has accidents we part from it: a number just before <c>]</c> is a
/// number (nats-server rejects <c>[1, 2]</c> and reads <c>[1k]</c> as the string "1k"); a key
/// with no value, a lone quote at the end of a file and an unknown size suffix are errors
/// (nats-server drops the key, or files the enclosing map under it); a <c>( block )</c> closed
/// at the very end of a file does not keep its <c>)</c>; a lone <c>/</c> may start a key.
/// </summary>
internal sealed class ConfigLexer
{
    private const int EndOfFile = -1;

    private readonly string _text;
    private readonly string _file;
    private readonly List<ConfigToken> _tokens = [];
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    private ConfigLexer(string text, string file)
    {
        _text = text;
        _file = file;
    }

    /// <summary>All the tokens of <paramref name="text"/>; throws <see cref="ConfigException"/> at the first syntax error.</summary>
    public static List<ConfigToken> Tokenize(string text, string file)
    {
        var lexer = new ConfigLexer(text, file);
        lexer.LexTopLevel(braced: false);
        return lexer._tokens;
    }

    // ---- entries at the top level, or inside the braces that may wrap a whole file

    private void LexTopLevel(bool braced)
    {
        while (true)
        {
            var c = Peek();
            if (c == EndOfFile)
            {
                // nats-server also reads a file whose opening '{' is never closed.
                return;
            }
            if (IsSpace(c))
            {
                Advance();
            }
            else if (c == '{')
            {
                Advance();
                LexTopLevel(braced: true);
            }
            else if (c == '}' && braced)
            {
                Advance();
                return;
            }
            else if (c == '}' && IsBlankAfter(_pos + 1))
            {
                // nats-server ignores one stray '}' at the very end of a file.
                _pos = _text.Length;
                return;
            }
            else if (c == '}')
            {
                throw Error("unexpected '}' outside any map");
            }
            else if (!TrySkipComment())
            {
                LexEntry(inMap: false);
                LexTopLevelEntryEnd(braced);
            }
        }
    }

    private void LexTopLevelEntryEnd(bool braced)
    {
        while (true)
        {
            var c = Peek();
            if (c is ' ' or '\t')
            {
                Advance();
                continue;
            }
            if (TrySkipComment() || c == EndOfFile || (c == '}' && braced))
            {
                return;
            }
            if (IsNewLine(c) || c is ';' or ',' or '}')
            {
                // nats-server also lets a stray '}' end a top-level entry.
                Advance();
                return;
            }
            throw Error($"expected a new line, ';', ',' or a comment after a value, but got {Describe(c)}");
        }
    }

    // ---- key and value

    /// <summary>A key, its separator and its value; or an include.</summary>
    private void LexEntry(bool inMap)
    {
        var c = Peek();
        if (c is '=' or ':')
        {
            throw Error($"unexpected key separator '{(char)c}', expected a key");
        }
        int line = _line, column = Column;
        string key;
        if (c is '"' or '\'')
        {
            // The key's place is its first character inside the quotes, as in nats-server.
            Advance();
            column++;
            var start = _pos;
            while (Peek() != c)
            {
                if (Peek() == EndOfFile)
                {
                    throw Error("unexpected end of file in a quoted key");
                }
                Advance();
            }
            key = _text[start.._pos];
            Advance();
        }
        else
        {
            var start = _pos;
            Advance(); // the first character is part of the key, whatever it is
            while (true)
            {
                c = Peek();
                if (IsSpace(c) || c is '=' or ':' || c == EndOfFile)
                {
                    break;
                }
                Advance();
            }
            key = _text[start.._pos];
            if (IsSpace(c) && key.Equals("include", StringComparison.OrdinalIgnoreCase))
            {
                LexInclude(line, column);
                return;
            }
        }
        Emit(ConfigTokenKind.Key, key, line, column);

        // White space, new lines included, may come between the key and its separator or value.
        while (IsSpace(Peek()))
        {
            Advance();
        }
        var separated = Peek() is '=' or ':';
        if (separated)
        {
            Advance();
        }
        if (inMap)
        {
            // Inside a map, new lines may also follow the separator.
            while (IsSpace(Peek()))
            {
                Advance();
            }
            c = Peek();
            if (c == ',')
            {
                throw Error($"unexpected ',', expected the value of \"{key}\"");
            }
            if (c is '}' or EndOfFile)
            {
                throw new ConfigException(new ConfigPosition(_file, line, column), $"key \"{key}\" has no value");
            }
        }
        else if (!separated && Peek() == EndOfFile)
        {
            throw new ConfigException(new ConfigPosition(_file, line, column), $"key \"{key}\" has no value");
        }
        LexValue();
    }

    /// <summary>The path after <c>include</c>; the token stands where the keyword does.</summary>
    private void LexInclude(int line, int column)
    {
        while (Peek() is ' ' or '\t')
        {
            Advance();
        }
        var c = Peek();
        string path;
        if (c is '"' or '\'')
        {
            Advance();
            var start = _pos;
            while (Peek() != c)
            {
                if (Peek() == EndOfFile)
                {
                    throw Error("unexpected end of file in a quoted include path");
                }
                Advance();
            }
            path = _text[start.._pos];
            Advance();
        }
        else
        {
            var what = c switch
            {
                '[' => "the start of an array",
                '{' => "the start of a map",
                '(' => "the start of a block",
                '\\' => "an escape sequence",
                '-' or (>= '0' and <= '9') => "a number",
                '\n' or '\r' => "a new line",
                _ => null,
            };
            if (what is not null)
            {
                throw Error($"expected the path of the file to include, but found {what}");
            }
            var start = _pos;
            while (true)
            {
                c = Peek();
                if (IsNewLine(c) || c is ' ' or '\t' or ';' or '}' or '\'' || c == EndOfFile)
                {
                    break;
                }
                Advance();
            }
            path = _text[start.._pos];
            if (c == '\'')
            {
                Advance();
            }
        }
        Emit(ConfigTokenKind.Include, path, line, column);
    }

    private void LexValue()
    {
        while (Peek() is ' ' or '\t')
        {
            Advance();
        }
        int line = _line, column = Column;
        var c = Peek();
        switch (c)
        {
            case '[':
                Advance();
                Emit(ConfigTokenKind.ArrayStart, "[", line, column);
                LexArray();
                break;
            case '{':
                Advance();
                Emit(ConfigTokenKind.MapStart, "{", line, column);
                LexMap();
                break;
            case '\'':
                LexSingleQuoted(line, column);
                break;
            case '"':
                LexDoubleQuoted(line, column);
                break;
            case '(':
                LexBlock(line, column);
                break;
            case '-':
                LexNegativeNumber(line, column);
                break;
            case >= '0' and <= '9':
                LexNumberDateOrString(line, column);
                break;
            case '.':
                throw Error("a float must start with a digit, not '.'");
            case '\n' or '\r':
                throw Error("expected a value, but found a new line");
            default:
                LexBareString(_pos, line, column);
                break;
        }
    }

    // ---- arrays and maps

    private void LexArray()
    {
        while (true)
        {
            // Before a value: any white space, new lines and comments.
            var c = Peek();
            if (IsSpace(c) || TrySkipComment())
            {
                if (IsSpace(c))
                {
                    Advance();
                }
                continue;
            }
            if (c == ',')
            {
                throw Error("unexpected ',' in an array, expected a value or ']'");
            }
            if (c == EndOfFile)
            {
                throw Error("unexpected end of file in an array, expected ']'");
            }
            if (c == ']')
            {
                EmitHere(ConfigTokenKind.ArrayEnd, "]");
                Advance();
                return;
            }
            LexValue();

            // After a value: ',' or a new line, then the next value; or ']'.
            while (true)
            {
                c = Peek();
                if (c is ' ' or '\t')
                {
                    Advance();
                }
                else if (TrySkipComment())
                {
                }
                else if (c == ',' || IsNewLine(c))
                {
                    Advance();
                    break;
                }
                else if (c == ']')
                {
                    EmitHere(ConfigTokenKind.ArrayEnd, "]");
                    Advance();
                    return;
                }
                else
                {
                    throw Error(c == EndOfFile
                        ? "unexpected end of file in an array, expected ']'"
                        : $"expected ',' or ']' after an array value, but got {Describe(c)}");
                }
            }
        }
    }

    private void LexMap()
    {
        while (true)
        {
            // Before a key: any white space, new lines and comments.
            var c = Peek();
            if (IsSpace(c))
            {
                Advance();
                continue;
            }
            if (TrySkipComment())
            {
                continue;
            }
            switch (c)
            {
                case '}':
                    EmitHere(ConfigTokenKind.MapEnd, "}");
                    Advance();
                    return;
                case ']':
                    throw Error("unexpected ']' in a map, expected a key or '}'");
                case ',':
                    throw Error("unexpected ',' in a map, expected a key or '}'");
                case EndOfFile:
                    throw Error("unexpected end of file in a map, expected '}'");
            }
            LexEntry(inMap: true);

            // After a value: ',', ';' or a new line, then the next key; or '}'.
            while (true)
            {
                c = Peek();
                if (c is ' ' or '\t')
                {
                    Advance();
                }
                else if (TrySkipComment())
                {
                }
                else if (c is ',' or ';' || IsNewLine(c))
                {
                    Advance();
                    break;
                }
                else if (c == '}')
                {
                    EmitHere(ConfigTokenKind.MapEnd, "}");
                    Advance();
                    return;
                }
                else
                {
                    throw Error(c == EndOfFile
                        ? "unexpected end of file in a map, expected '}'"
                        : $"expected ',', ';', a new line or '}}' after a map value, but got {Describe(c)}");
                }
            }
        }
    }

    // ---- strings

    private void LexSingleQuoted(int line, int column)
    {
        Advance();
        var start = _pos;
        while (Peek() != '\'')
        {
            if (Peek() == EndOfFile)
            {
                throw Error("unexpected end of file in a quoted string");
            }
            Advance();
        }
        Emit(ConfigTokenKind.String, _text[start.._pos], line, column);
        Advance();
    }

    private void LexDoubleQuoted(int line, int column)
    {
        Advance();
        var text = new EscapedText(_text);
        var runStart = _pos;
        while (true)
        {
            var c = Peek();
            if (c == EndOfFile)
            {
                throw Error("unexpected end of file in a quoted string");
            }
            if (c == '"')
            {
                text.AppendRun(runStart, _pos);
                break;
            }
            if (c == '\\')
            {
                text.AppendRun(runStart, _pos);
                LexEscape(text);
                runStart = _pos;
                continue;
            }
            Advance();
        }
        Emit(ConfigTokenKind.String, text.ToString(), line, column);
        Advance();
    }

    /// <summary>
    /// A bare string from <paramref name="start"/> (which may lie behind the current position,
    /// when what looked like a number turned out to be a string such as <c>10s</c>).
    /// </summary>
    private void LexBareString(int start, int line, int column)
    {
        EscapedText? escaped = null;
        var runStart = start;
        while (true)
        {
            var c = Peek();
            if (c == '\\')
            {
                escaped ??= new EscapedText(_text);
                escaped.AppendRun(runStart, _pos);
                LexEscape(escaped);
                runStart = _pos;
                continue;
            }
            if (c == EndOfFile || IsNewLine(c) || c is ' ' or '\t' or ';' or ',' or ']' or '}' or '\'')
            {
                break;
            }
            Advance();
        }

        var endedByQuote = Peek() == '\'';
        if (escaped is not null)
        {
            escaped.AppendRun(runStart, _pos);
            Emit(ConfigTokenKind.String, escaped.ToString(), line, column);
        }
        else
        {
            var text = _text[start.._pos];
            if (endedByQuote)
            {
                // As in nats-server, a quote ends a bare string and makes it a plain string.
                Emit(ConfigTokenKind.String, text, line, column);
            }
            else if (IsBoolean(text))
            {
                Emit(ConfigTokenKind.Boolean, text, line, column);
            }
            else if (text.StartsWith('$'))
            {
                Emit(ConfigTokenKind.Variable, text[1..], line, column);
            }
            else
            {
                Emit(ConfigTokenKind.String, text, line, column);
            }
        }

        if (endedByQuote)
        {
            Advance();
        }
    }

    private void LexEscape(EscapedText text)
    {
        Advance(); // the backslash
        var c = Peek();
        if (c == 'x')
        {
            Advance();
            var high = Peek();
            if (!IsNewLine(high) && high != EndOfFile)
            {
                Advance();
            }
            var low = Peek();
            if (IsNewLine(high) || IsNewLine(low) || high == EndOfFile || low == EndOfFile)
            {
                throw Error("expected two hexadecimal digits after '\\x', but found the end of the line");
            }
            Advance();
            if (!char.IsAsciiHexDigit((char)high) || !char.IsAsciiHexDigit((char)low))
            {
                throw Error($"expected two hexadecimal digits after '\\x', but got '{(char)high}{(char)low}'");
            }
            text.AppendByte((byte)((HexValue(high) << 4) | HexValue(low)));
            return;
        }
        var unescaped = c switch
        {
            't' => "\t",
            'n' => "\n",
            'r' => "\r",
            '"' => "\"",
            '\\' => "\\",
            _ => throw Error($"invalid escape {(c == EndOfFile ? "at the end of the file" : $"'\\{(char)c}'")}; only \\xXX, \\t, \\n, \\r, \\\" and \\\\ are allowed"),
        };
        Advance();
        text.AppendText(unescaped);
    }

    /// <summary>
    /// <c>( ... )</c>: everything up to a <c>)</c> alone on its line, new lines included, as a
    /// string (certificates and the like).
    /// </summary>
    private void LexBlock(int line, int column)
    {
        Advance();
        var start = _pos;
        while (true)
        {
            var c = Peek();
            if (c == EndOfFile)
            {
                throw Error("unexpected end of file in a ( block ), expected ')' alone on a line");
            }
            if (c == ')' && _pos > start && _text[_pos - 1] == '\n' && (Peek(1) is '\n' or '\r' || Peek(1) == EndOfFile))
            {
                Emit(ConfigTokenKind.String, _text[start.._pos], line, column);
                Advance();
                return;
            }
            Advance();
        }
    }

    // ---- numbers, dates, IP addresses

    private void LexNumberDateOrString(int line, int column)
    {
        var start = _pos;
        while (char.IsAsciiDigit((char)Peek()))
        {
            Advance();
        }
        var c = Peek();
        if (c == '-')
        {
            if (_pos - start != 4)
            {
                throw Error("a date-time must be written in full, as YYYY-MM-DDTHH:MM:SSZ");
            }
            LexDateTimeAfterYear(start, line, column);
        }
        else if (c == '.')
        {
            LexFloatOrAddress(start, line, column);
        }
        else if (IsSizeSuffix(c))
        {
            LexSizeSuffix(start, line, column);
        }
        else if (EndsNumber(c))
        {
            Emit(ConfigTokenKind.Integer, _text[start.._pos], line, column);
        }
        else
        {
            // 10s, 1h, 4222abc: a string that starts with digits.
            LexBareString(start, line, column);
        }
    }

    private void LexNegativeNumber(int line, int column)
    {
        var start = _pos;
        Advance();
        if (!char.IsAsciiDigit((char)Peek()))
        {
            throw Error(Peek() == '.' ? "a float must start with a digit, not '.'" : $"expected a digit after '-', but got {Describe(Peek())}");
        }
        while (char.IsAsciiDigit((char)Peek()))
        {
            Advance();
        }
        var c = Peek();
        if (c == '.')
        {
            LexFloatOrAddress(start, line, column);
        }
        else if (IsSizeSuffix(c))
        {
            LexSizeSuffix(start, line, column);
        }
        else
        {
            Emit(ConfigTokenKind.Integer, _text[start.._pos], line, column);
        }
    }

    private void LexSizeSuffix(int start, int line, int column)
    {
        Advance();
        while (Peek() is 'b' or 'B' or 'i' or 'I')
        {
            Advance();
        }
        var c = Peek();
        if (EndsNumber(c) || char.IsAsciiDigit((char)c))
        {
            Emit(ConfigTokenKind.Integer, _text[start.._pos], line, column);
        }
        else
        {
            // 1ms, 2min: a string after all.
            LexBareString(start, line, column);
        }
    }

    private void LexFloatOrAddress(int start, int line, int column)
    {
        Advance(); // '.'
        if (!char.IsAsciiDigit((char)Peek()))
        {
            throw Error($"a float needs a digit after the '.', but got {Describe(Peek())}");
        }
        while (char.IsAsciiDigit((char)Peek()))
        {
            Advance();
        }
        if (Peek() != '.')
        {
            Emit(ConfigTokenKind.Float, _text[start.._pos], line, column);
            return;
        }

        // A second '.': an IP address, possibly with a port or a range, kept as a string.
        while (char.IsAsciiDigit((char)Peek()) || Peek() is '.' or ':' or '-')
        {
            Advance();
        }
        Emit(ConfigTokenKind.String, _text[start.._pos], line, column);
    }

    private void LexDateTimeAfterYear(int start, int line, int column)
    {
        const string Pattern = "-00-00T00:00:00Z";
        foreach (var expected in Pattern)
        {
            var c = Peek();
            if (expected == '0' ? !char.IsAsciiDigit((char)c) : c != expected)
            {
                var what = expected == '0' ? "a digit" : $"'{expected}'";
                throw Error($"expected {what} in an ISO 8601 date-time (YYYY-MM-DDTHH:MM:SSZ), but got {Describe(c)}");
            }
            Advance();
        }
        Emit(ConfigTokenKind.DateTime, _text[start.._pos], line, column);
    }

    // ---- helpers

    private bool TrySkipComment()
    {
        var c = Peek();
        if (c != '#' && !(c == '/' && Peek(1) == '/'))
        {
            return false;
        }
        while (!IsNewLine(Peek()) && Peek() != EndOfFile)
        {
            Advance();
        }
        return true;
    }

    private bool IsBlankAfter(int index)
    {
        for (var i = index; i < _text.Length; i++)
        {
            if (!char.IsWhiteSpace(_text[i]))
            {
                return false;
            }
        }
        return true;
    }

    private int Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : EndOfFile;

    private void Advance()
    {
        if (_pos >= _text.Length)
        {
            return;
        }
        if (_text[_pos] == '\n')
        {
            _line++;
            _lineStart = _pos + 1;
        }
        _pos++;
    }

    private int Column => _pos - _lineStart + 1;

    private void Emit(ConfigTokenKind kind, string text, int line, int column) =>
        _tokens.Add(new ConfigToken(kind, text, line, column));

    private void EmitHere(ConfigTokenKind kind, string text) => Emit(kind, text, _line, Column);

    private ConfigException Error(string reason) => new(new ConfigPosition(_file, _line, Column), reason);

    private static string Describe(int c) => c switch
    {
        EndOfFile => "the end of the file",
        '\n' or '\r' => "a new line",
        _ => $"'{(char)c}'",
    };

    /// <summary>Go's <c>unicode.IsSpace</c>: new lines count.</summary>
    private static bool IsSpace(int c) => c != EndOfFile && char.IsWhiteSpace((char)c);

    private static bool IsNewLine(int c) => c is '\n' or '\r';

    private static bool EndsNumber(int c) =>
        c == EndOfFile || IsNewLine(c) || c is ' ' or '\t' or ',' or ';' or '}' or ']';

    private static bool IsSizeSuffix(int c) => c is 'k' or 'K' or 'm' or 'M' or 'g' or 'G' or 't' or 'T' or 'p' or 'P' or 'e' or 'E';

    private static bool IsBoolean(string text) =>
        text.ToLowerInvariant() is "true" or "false" or "yes" or "no" or "on" or "off";

    private static int HexValue(int c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    /// <summary>
    /// Text with escapes. <c>\xHH</c> adds a raw byte, as in Go where strings are bytes, so
    /// <c>"\xc3\xa9"</c> is <c>é</c>; the bytes are read as UTF-8 at the end.
    /// </summary>
    private sealed class EscapedText(string source)
    {
        private readonly List<byte> _bytes = [];

        public void AppendRun(int start, int end) => AppendText(source[start..end]);

        public void AppendText(string text) => _bytes.AddRange(Encoding.UTF8.GetBytes(text));

        public void AppendByte(byte value) => _bytes.Add(value);

        public override string ToString() => Encoding.UTF8.GetString([.. _bytes]);
    }
}

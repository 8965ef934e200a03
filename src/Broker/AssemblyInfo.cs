// Stack buffers on the hot path (subject transcoding, argument ranges) need no zeroing.
[module: System.Runtime.CompilerServices.SkipLocalsInit]

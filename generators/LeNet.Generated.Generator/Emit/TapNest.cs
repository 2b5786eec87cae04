using System;
using LeNet.Generated.Generator.Plan;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// Emits the taps of a window (input channel × kernel row × kernel column) as the plan's
/// <see cref="TapUnroll"/> says: constants where straight-line, loop variables where not. The
/// body receives the three indices as <see cref="Affine"/> terms and writes one tap.
/// </summary>
internal static class TapNest
{
    /// <param name="skipFirst">Omit the straight-line tap (0, 0, 0), for bodies that start from it.</param>
    public static void Emit(SourceWriter writer, TapUnroll unroll, int channels, int kernel, bool skipFirst, Action<Affine, Affine, Affine> body)
    {
        void Columns(Affine ci, Affine ky)
        {
            if (unroll == TapUnroll.None)
            {
                using (writer.For("kx", kernel, out Affine kx))
                {
                    body(ci, ky, kx);
                }

                return;
            }

            for (int kx = 0; kx < kernel; kx++)
            {
                if (!(skipFirst && ci.IsZero && ky.IsZero && kx == 0))
                {
                    body(ci, ky, kx);
                }
            }
        }

        void Rows(Affine ci)
        {
            if (unroll is TapUnroll.Row or TapUnroll.None)
            {
                using (writer.For("ky", kernel, out Affine ky))
                {
                    Columns(ci, ky);
                }

                return;
            }

            for (int ky = 0; ky < kernel; ky++)
            {
                Columns(ci, ky);
            }
        }

        if (unroll != TapUnroll.All)
        {
            using (writer.For("ci", channels, out Affine ci))
            {
                Rows(ci);
            }

            return;
        }

        for (int ci = 0; ci < channels; ci++)
        {
            Rows(ci);
        }
    }
}

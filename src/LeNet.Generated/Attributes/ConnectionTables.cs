namespace LeNet.Generated;

/// <summary>Connection tables for <see cref="Conv2dAttribute.Connections"/>.</summary>
public static class ConnectionTables
{
    /// <summary>
    /// Table I of LeCun et al. (1998): which of the 6 S2 maps each of the 16 C3 maps sees. Maps 0–5 see
    /// 3 contiguous maps, 6–11 see 4 contiguous, 12–14 see 4 non-contiguous, 15 sees all 6: 60 of 96
    /// connections, so C3 has 60 · 25 + 16 = 1,516 parameters.
    /// </summary>
    public const string LeNet1998C3 =
        "0,1,2; 1,2,3; 2,3,4; 3,4,5; 4,5,0; 5,0,1; " +
        "0,1,2,3; 1,2,3,4; 2,3,4,5; 3,4,5,0; 4,5,0,1; 5,0,1,2; " +
        "0,1,3,4; 1,2,4,5; 0,2,3,5; " +
        "0,1,2,3,4,5";
}

/* The reference xoshiro256** and SplitMix64 by Blackman and Vigna (prng.di.unimi.it), printing
   the first outputs for two seeds; RandomTests compares the C# port with them.
   cc -O2 -o /tmp/xoshiro xoshiro_reference.c && /tmp/xoshiro */
#include <stdint.h>
#include <stdio.h>

static uint64_t x; /* SplitMix64 state */
static uint64_t splitmix64(void) {
    uint64_t z = (x += 0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
}

static inline uint64_t rotl(const uint64_t v, int k) { return (v << k) | (v >> (64 - k)); }
static uint64_t s[4];
static uint64_t next(void) {
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

int main(void) {
    const uint64_t seeds[] = { 0, 42 };
    for (int i = 0; i < 2; i++) {
        x = seeds[i];
        for (int j = 0; j < 4; j++) s[j] = splitmix64();
        printf("seed %llu:", (unsigned long long)seeds[i]);
        for (int j = 0; j < 5; j++) printf(" %lluUL", (unsigned long long)next());
        printf("\n");
    }
    return 0;
}

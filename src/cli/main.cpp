#include <cstdio>
int main() { std::puts("lore: under construction"); return 0; }

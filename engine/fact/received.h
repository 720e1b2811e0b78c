/* received.h - a Received: header's parts (engine/fact/received.c). */
#ifndef BNC_RECEIVED_H
#define BNC_RECEIVED_H
/* from, by, via, with, id, for of a Received: value (each owned, "" if absent). */
void bnc_received_parse(const char *value, char *out[6]);
#endif

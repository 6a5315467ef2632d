/* Return codes shared with the Java HALs (io.tailnode.firmware.hal.HalStatus): 0 or a count, else negative. */
#ifndef TN_STATUS_H
#define TN_STATUS_H

#define TN_OK 0
#define TN_ERR_ALIGNMENT (-1)
#define TN_ERR_RANGE (-2)
#define TN_ERR_IO (-3)
#define TN_ERR_NOT_ERASED (-4)
#define TN_ERR_ENTROPY_HEALTH (-5)
#define TN_ERR_WOULD_BLOCK (-6)

#endif
